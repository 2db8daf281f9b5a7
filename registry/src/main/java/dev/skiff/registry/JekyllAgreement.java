package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.registry.RubyScalars.Reading;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Whether Jekyll reads a page's front matter as Skiff does. Both read the same YAML structure; they
 * part in what a plain scalar means ({@link RubyScalars}), and in what tags, anchors and aliases do,
 * which Skiff never writes and a reviewer cannot see through. So the YAML's events are read again
 * with Jekyll's meaning of each scalar and compared, value by value, with Skiff's reading.
 */
final class JekyllAgreement {
  private JekyllAgreement() {}

  /** The first place where Jekyll would read the front matter otherwise than {@code skiff}; empty when it agrees. */
  static Optional<String> disagreement(String yaml, JsonNode skiff) {
    Iterator<Event> events;
    try {
      List<Event> all = new ArrayList<>();
      new Yaml(new LoaderOptions()).parse(new StringReader(yaml)).forEach(all::add);
      events = all.iterator();
    } catch (YAMLException e) {
      return Optional.of("front matter is not YAML");
    }
    Event event = events.next();
    while (!(event instanceof NodeEvent)) {
      event = events.next();
    }
    try {
      return compare(asJekyll(event, events), skiff, "");
    } catch (Unreadable e) {
      return Optional.of(e.getMessage());
    }
  }

  /** A YAML node as Jekyll holds it: maps, lists and {@link Reading}s. */
  private static Object asJekyll(Event event, Iterator<Event> events) throws Unreadable {
    if (event instanceof AliasEvent) {
      throw new Unreadable("front matter uses an alias (*" + ((AliasEvent) event).getAnchor() + "); pages have none");
    }
    NodeEvent node = (NodeEvent) event;
    if (node.getAnchor() != null) {
      throw new Unreadable("front matter sets an anchor (&" + node.getAnchor() + "); pages have none");
    }
    if (event instanceof ScalarEvent scalar) {
      if (scalar.getTag() != null && !scalar.getImplicit().canOmitTagInPlainScalar()
          && !scalar.getImplicit().canOmitTagInNonPlainScalar()) {
        throw new Unreadable("front matter tags a value (" + scalar.getTag() + "); pages have no tags");
      }
      return scalar.isPlain() ? RubyScalars.plain(scalar.getValue()) : new Reading.Text(scalar.getValue());
    }
    CollectionStartEvent start = (CollectionStartEvent) event;
    if (start.getTag() != null && !start.getImplicit()) {
      throw new Unreadable("front matter tags a value (" + start.getTag() + "); pages have no tags");
    }
    if (start.is(Event.ID.MappingStart)) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (Event key = events.next(); !key.is(Event.ID.MappingEnd); key = events.next()) {
        Object name = asJekyll(key, events);
        if (name.equals(new Reading.Text("<<"))) {
          throw new Unreadable("front matter has a merge key (<<); pages have none");
        }
        map.put(name, asJekyll(events.next(), events));
      }
      return map;
    }
    List<Object> list = new ArrayList<>();
    for (Event item = events.next(); !item.is(Event.ID.SequenceEnd); item = events.next()) {
      list.add(asJekyll(item, events));
    }
    return list;
  }

  private static Optional<String> compare(Object jekyll, JsonNode skiff, String at) {
    String where = at.isEmpty() ? "the front matter" : at;
    if (jekyll instanceof Map<?, ?> map) {
      if (!skiff.isObject() || skiff.size() != map.size()) {
        return Optional.of(where + " is read otherwise by Jekyll");
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof Reading.Text key) || !skiff.has(key.value())) {
          return Optional.of("a key of " + where + " is read by Jekyll as " + kind(entry.getKey()) + "; quote it");
        }
        Optional<String> inner = compare(entry.getValue(), skiff.get(key.value()),
            at.isEmpty() ? key.value() : at + "." + key.value());
        if (inner.isPresent()) {
          return inner;
        }
      }
      return Optional.empty();
    }
    if (jekyll instanceof List<?> list) {
      if (!skiff.isArray() || skiff.size() != list.size()) {
        return Optional.of(where + " is read otherwise by Jekyll");
      }
      for (int i = 0; i < list.size(); i++) {
        Optional<String> inner = compare(list.get(i), skiff.get(i), at + "[" + i + "]");
        if (inner.isPresent()) {
          return inner;
        }
      }
      return Optional.empty();
    }
    return jekyll.equals(reading(skiff)) ? Optional.empty()
        : Optional.of(where + " is read by Jekyll as " + kind(jekyll) + "; quote it if it is text");
  }

  /** Skiff's reading of a scalar, in the terms of {@link Reading}. */
  private static Reading reading(JsonNode node) {
    if (node.isTextual()) {
      return new Reading.Text(node.asText());
    }
    if (node.isIntegralNumber()) {
      return new Reading.Number(node.bigIntegerValue());
    }
    return node.isNull() ? new Reading.Null() : Reading.OTHER;
  }

  private static String kind(Object reading) {
    if (reading instanceof Reading.Text) {
      return "text";
    }
    if (reading instanceof Reading.Number) {
      return "a number";
    }
    if (reading instanceof Reading.Null) {
      return "nothing (null)";
    }
    return reading instanceof Reading.Other ? "a boolean, date, time, symbol or number in YAML 1.1" : "a collection";
  }

  /** A construct that Skiff does not read as Jekyll would. */
  private static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }
}
