package dev.skiff.registry.site;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small XML document (a feed, a badge) written by the JDK's XML writer, so that every value is
 * escaped as XML; text goes through {@link #text} first, which XML 1.0 can hold whatever it was.
 */
final class XmlDocument {
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  /** What goes between the XML declaration and the end of the document. */
  @FunctionalInterface
  interface Body {
    void write(XMLStreamWriter xml) throws XMLStreamException;
  }

  private XmlDocument() {}

  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      body.write(xml);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to memory failed", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Text XML 1.0 can hold: characters it forbids (controls, lone surrogates) become U+FFFD. */
  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF) ? c : 0xFFFD));
    return out.toString();
  }
}
