package dev.skiff.registry.site;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A namespace's badge, {@code <owner>/<name>/badge.svg}: its latest tag on the left, the image's
 * size and date on the right, for a source repository's README. Plain SVG, an {@link XmlDocument}:
 * no script, no link, no font from elsewhere.
 */
final class Badge {
  private static final String SVG = "http://www.w3.org/2000/svg";
  /** Roughly the width of a character of 11 px Verdana, the badge font shields use. */
  private static final double CHAR_WIDTH = 6.8;
  private static final int PADDING = 12;

  private Badge() {}

  /**
   * @param namespace {@code owner/name}, for the badge's accessible title
   * @param left the latest tag
   * @param right the image's size and date
   */
  static byte[] svg(String namespace, String left, String right) {
    int leftWidth = width(left);
    int rightWidth = width(right);
    int total = leftWidth + rightWidth;
    return XmlDocument.write(xml -> {
      xml.writeStartElement("svg");
      xml.writeDefaultNamespace(SVG);
      xml.writeAttribute("width", Integer.toString(total));
      xml.writeAttribute("height", "20");
      xml.writeAttribute("role", "img");
      String title = XmlDocument.text(namespace + ": " + left + ", " + right);
      xml.writeAttribute("aria-label", title);
      xml.writeStartElement("title");
      xml.writeCharacters(title);
      xml.writeEndElement();
      rect(xml, 0, leftWidth, "#555");
      rect(xml, leftWidth, rightWidth, "#0969da");
      xml.writeStartElement("g");
      xml.writeAttribute("fill", "#fff");
      xml.writeAttribute("text-anchor", "middle");
      xml.writeAttribute("font-family", "Verdana,DejaVu Sans,sans-serif");
      xml.writeAttribute("font-size", "11");
      text(xml, leftWidth / 2.0, left);
      text(xml, leftWidth + rightWidth / 2.0, right);
      xml.writeEndElement();
      xml.writeEndElement();
    });
  }

  private static int width(String text) {
    return (int) Math.ceil(text.codePointCount(0, text.length()) * CHAR_WIDTH) + PADDING;
  }

  private static void rect(XMLStreamWriter xml, int x, int width, String fill) throws XMLStreamException {
    xml.writeEmptyElement("rect");
    xml.writeAttribute("x", Integer.toString(x));
    xml.writeAttribute("width", Integer.toString(width));
    xml.writeAttribute("height", "20");
    xml.writeAttribute("fill", fill);
  }

  private static void text(XMLStreamWriter xml, double x, String text) throws XMLStreamException {
    xml.writeStartElement("text");
    xml.writeAttribute("x", String.format(java.util.Locale.ROOT, "%.1f", x));
    xml.writeAttribute("y", "14");
    xml.writeCharacters(XmlDocument.text(text));
    xml.writeEndElement();
  }
}
