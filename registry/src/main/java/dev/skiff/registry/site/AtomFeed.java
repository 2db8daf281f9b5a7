package dev.skiff.registry.site;

import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom 1.0 feed (RFC 4287) of published images, an {@link XmlDocument}. The same entries give
 * the same bytes: the feed's time is its newest entry's.
 */
final class AtomFeed {
  static final String NAMESPACE = "http://www.w3.org/2005/Atom";

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
    return XmlDocument.write(xml -> {
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
    });
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(XmlDocument.text(text));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", XmlDocument.text(href));
  }


}
