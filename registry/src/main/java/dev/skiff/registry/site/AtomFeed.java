package dev.skiff.registry.site;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom 1.0 feed (RFC 4287) of published images, written by the JDK's XML writer so that every
 * value is escaped as XML, and text holds no character XML 1.0 forbids. The same entries give the
 * same bytes: the feed's time is its newest entry's.
 */
final class AtomFeed {
  static final String NAMESPACE = "http://www.w3.org/2005/Atom";
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  /**
   * One entry: an image a tag got.
   *
   * @param id the entry's permanent id (a URN)
   * @param title what a reader shows, such as {@code lab/tool:latest}
   * @param link the page that shows it
   * @param published when the registry got it
   * @param summary its digest, size and source commit, in one line
   */
  record Entry(String id, String title, String link, Instant published, String summary) {}

  private AtomFeed() {}

  /**
   * @param id the feed's permanent id (a URN)
   * @param title its title
   * @param self where the feed itself is
   * @param page the page the feed follows
   * @param entries newest first
   * @param fallbackTime the feed's time when it has no entry
   */
  static byte[] write(String id, String title, String self, String page, List<Entry> entries, Instant fallbackTime) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("feed");
      xml.writeDefaultNamespace(NAMESPACE);
      element(xml, "id", id);
      element(xml, "title", title);
      element(xml, "updated", (entries.isEmpty() ? fallbackTime : entries.get(0).published()).toString());
      link(xml, "self", self, "application/atom+xml");
      link(xml, "alternate", page, "text/html");
      xml.writeStartElement("author");
      element(xml, "name", "Skiff");
      xml.writeEndElement();
      element(xml, "generator", "Skiff");
      for (Entry entry : entries) {
        xml.writeStartElement("entry");
        element(xml, "id", entry.id());
        element(xml, "title", entry.title());
        element(xml, "updated", entry.published().toString());
        element(xml, "published", entry.published().toString());
        link(xml, "alternate", entry.link(), "text/html");
        element(xml, "summary", entry.summary());
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to memory failed", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(xmlText(text));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", xmlText(href));
  }

  /** Text XML 1.0 can hold: characters it forbids (controls, lone surrogates) become U+FFFD. */
  static String xmlText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF) ? c : 0xFFFD));
    return out.toString();
  }
}
