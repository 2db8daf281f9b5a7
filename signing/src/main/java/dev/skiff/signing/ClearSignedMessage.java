package dev.skiff.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * A message in OpenPGP's cleartext signature framework (RFC 4880, section 7), the form of every
 * signature object Apptainer writes: a header naming the hash, the dash-escaped text, then the
 * armored signature.
 *
 * @param text the message as its author wrote it (lines joined by LF)
 * @param signatures the signatures over it
 */
record ClearSignedMessage(String text, List<PGPSignature> signatures) {
  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

  ClearSignedMessage {
    signatures = List.copyOf(signatures);
  }

  /** The bytes a text signature is computed over: trailing blanks cut from each line, lines joined by CRLF. */
  static byte[] canonical(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder canonical = new StringBuilder(text.length() + lines.length);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        canonical.append("\r\n");
      }
      canonical.append(lines[i].replaceAll("[ \t\r]+$", ""));
    }
    return canonical.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the message with one signature, without armor headers, so the bytes depend on nothing else. */
  static byte[] encode(String text, String hashName, PGPSignature signature) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(BEGIN).append('\n').append("Hash: ").append(hashName).append("\n\n");
    for (String line : text.split("\n", -1)) {
      head.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
    }
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      signature.encode(armor);
    }
    return out.toByteArray();
  }

  /** Reads a message; empty when the bytes are not one. */
  static Optional<ClearSignedMessage> decode(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
    List<String> lines = List.of(all.split("\n", -1));
    int i = 0;
    if (lines.isEmpty() || !lines.get(i++).strip().equals(BEGIN)) {
      return Optional.empty();
    }
    while (i < lines.size() && !lines.get(i).isBlank()) {
      if (!lines.get(i).contains(":")) {
        return Optional.empty();
      }
      i++;
    }
    i++;
    List<String> text = new ArrayList<>();
    while (i < lines.size() && !lines.get(i).equals(BEGIN_SIGNATURE)) {
      String line = lines.get(i++);
      text.add(line.startsWith("- ") ? line.substring(2) : line);
    }
    if (i >= lines.size()) {
      return Optional.empty();
    }
    byte[] armored = String.join("\n", lines.subList(i, lines.size())).getBytes(StandardCharsets.UTF_8);
    try {
      Object object = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))).nextObject();
      if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
        return Optional.empty();
      }
      List<PGPSignature> signatures = new ArrayList<>();
      list.forEach(signatures::add);
      return Optional.of(new ClearSignedMessage(String.join("\n", text), signatures));
    } catch (IOException | RuntimeException e) {
      // BouncyCastle reports malformed packets with runtime exceptions as well as IOExceptions.
      return Optional.empty();
    }
  }

  /** Whether the text is a legacy signature's ("SIFHASH:" and one digest over the objects' data alone). */
  boolean isLegacy() {
    return text.startsWith("SIFHASH:\n");
  }
}
