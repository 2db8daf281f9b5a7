package dev.skiff.signing.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenPGP keys made by gpg, as users make theirs, once per test JVM: a CI key (Ed25519), an RSA
 * key, another person's key, a key with a passphrase, an expired key and a revoked key.
 */
public final class TestKeys {
  /** The passphrase of {@link #protectedKey()}. */
  public static final String PASSPHRASE = "correct horse battery staple";
  private static TestKeys instance;

  private final Key ci;
  private final Key rsa;
  private final Key other;
  private final Key protectedKey;
  private final Key expired;
  private final Key revoked;

  /**
   * One key.
   *
   * @param fingerprint its primary fingerprint, 40 upper-case hex digits
   * @param publicKey the armored public key ({@code gpg --armor --export})
   * @param secretKey the armored secret key ({@code gpg --armor --export-secret-keys}), protected
   *     only for {@link #protectedKey()}
   */
  public record Key(String fingerprint, String publicKey, String secretKey) {
    /** Writes the public key to a file in {@code dir}. */
    public Path writePublic(Path dir, String name) throws IOException {
      return Files.writeString(dir.resolve(name), publicKey);
    }

    /** Writes the secret key to a file in {@code dir}. */
    public Path writeSecret(Path dir, String name) throws IOException {
      return Files.writeString(dir.resolve(name), secretKey);
    }
  }

  private TestKeys(Path home) throws IOException, InterruptedException {
    ci = make(home, "Lab CI <ci@lab.example>", "ed25519", "never", "", List.of());
    rsa = make(home, "Lab RSA <rsa@lab.example>", "rsa2048", "never", "", List.of());
    other = make(home, "Mallory <mallory@elsewhere.example>", "ed25519", "never", "", List.of());
    protectedKey = make(home, "Lab Protected <protected@lab.example>", "ed25519", "never", PASSPHRASE, List.of());
    // Made as of 2020 with one day to live: long expired today.
    expired = make(home, "Lab Old <old@lab.example>", "ed25519", "1d", "", List.of("--faked-system-time", "20200101T000000"));
    Key toRevoke = make(home, "Lab Revoked <revoked@lab.example>", "ed25519", "never", "", List.of());
    // gpg keeps a revocation certificate for each key it makes, with a colon that stops an accidental import.
    Path certificate = home.resolve("openpgp-revocs.d").resolve(toRevoke.fingerprint() + ".rev");
    Files.writeString(certificate, Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
    gpg(home, List.of("--import", certificate.toString()));
    revoked = new Key(toRevoke.fingerprint(), gpg(home, List.of("--armor", "--export", toRevoke.fingerprint())),
        gpg(home, List.of("--passphrase", "", "--armor", "--export-secret-keys", toRevoke.fingerprint())));
    Commands.run(home, Map.of(), List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
    try (var files = Files.walk(home)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The keys, made on first use. */
  public static synchronized TestKeys get() throws IOException, InterruptedException {
    if (instance == null) {
      // A short path: gpg-agent's socket path must fit in 108 bytes.
      Path home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
      Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      instance = new TestKeys(home);
    }
    return instance;
  }

  /** An Ed25519 key without a passphrase, as a CI system holds one. */
  public Key ci() {
    return ci;
  }

  /** An RSA key without a passphrase. */
  public Key rsa() {
    return rsa;
  }

  /** Someone else's key. */
  public Key other() {
    return other;
  }

  /** A key whose secret part is protected by {@link #PASSPHRASE}. */
  public Key protectedKey() {
    return protectedKey;
  }

  /** A key that expired in 2020. */
  public Key expired() {
    return expired;
  }

  /** A key whose public key carries its revocation. */
  public Key revoked() {
    return revoked;
  }

  private static Key make(Path home, String userId, String algorithm, String expiry, String passphrase,
      List<String> extra) throws IOException, InterruptedException {
    List<String> generate = new ArrayList<>(extra);
    generate.addAll(List.of("--passphrase", passphrase, "--quick-gen-key", userId, algorithm, "sign", expiry));
    gpg(home, generate);
    String colons = gpg(home, List.of("--with-colons", "--list-keys", userId));
    String fingerprint = colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    String secret = gpg(home, List.of("--passphrase", passphrase, "--armor", "--export-secret-keys", fingerprint));
    return new Key(fingerprint, gpg(home, List.of("--armor", "--export", fingerprint)), secret);
  }

  private static String gpg(Path home, List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--quiet",
        "--pinentry-mode", "loopback"));
    command.addAll(arguments);
    Commands.Output output = Commands.run(home, Map.of(), command);
    if (output.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + output.exitCode() + ":\n" + output.text());
    }
    // gpg may write notes to stderr, merged here: armored output is what lies between its BEGIN and END lines.
    String text = output.text();
    int begin = text.indexOf("-----BEGIN");
    int end = text.indexOf("-----END", begin);
    return begin < 0 || end < 0 ? text : text.substring(begin, text.indexOf('\n', end) + 1);
  }
}
