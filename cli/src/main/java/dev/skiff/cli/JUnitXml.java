package dev.skiff.cli;

import dev.skiff.support.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A JUnit XML report, the form CircleCI's and GitLab's test tabs (and most CI systems) read. */
final class JUnitXml {
  private JUnitXml() {}

  /**
   * One test case.
   *
   * @param failure the one-line reason it failed, if it did
   * @param skipped why it was skipped, if it was
   * @param output more text for the failure, such as the last lines of a build's log
   */
  record Case(String classname, String name, double seconds, Optional<String> failure, Optional<String> skipped,
      Optional<String> output) {}

  /** Writes the report whole or not at all, so that a CI never reads half of one. */
  static void write(Path file, String suite, double seconds, List<Case> cases) throws IOException {
    AtomicFiles.writeString(file, render(suite, seconds, cases));
  }

  private static String render(String suite, double seconds, List<Case> cases) throws IOException {
    StringWriter writer = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(writer);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", safe(suite));
      xml.writeAttribute("tests", Integer.toString(cases.size()));
      xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.failure().isPresent()).count()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> c.skipped().isPresent()).count()));
      xml.writeAttribute("time", seconds(seconds));
      for (Case each : cases) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", safe(each.classname()));
        xml.writeAttribute("name", safe(each.name()));
        xml.writeAttribute("time", seconds(each.seconds()));
        if (each.failure().isPresent()) {
          xml.writeStartElement("failure");
          xml.writeAttribute("message", safe(each.failure().get()));
          xml.writeCharacters(safe(each.output().orElse(each.failure().get())));
          xml.writeEndElement();
        } else if (each.skipped().isPresent()) {
          xml.writeStartElement("skipped");
          xml.writeAttribute("message", safe(each.skipped().get()));
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
    }
    return writer.toString();
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  /**
   * Text XML 1.0 can hold: control characters shown as escapes (line breaks kept), and what XML
   * cannot carry at all (U+FFFE, U+FFFF, lone surrogates) replaced by U+FFFD, so that a hostile
   * path or log line cannot make the report unreadable to the CI that shows it.
   */
  static String safe(String text) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      Terminal.safe(lines[i]).codePoints().forEach(c -> out.appendCodePoint(
          c == 0xfffe || c == 0xffff || (c >= 0xd800 && c <= 0xdfff) ? 0xfffd : c));
    }
    return out.toString();
  }
}
