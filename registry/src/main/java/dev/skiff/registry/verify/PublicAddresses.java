package dev.skiff.registry.verify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts verify may fetch from. A pull request names its blob URLs, and verify runs on the
 * registry's CI machine: a URL on loopback, a private network, a link-local or a cloud metadata
 * address would make that machine probe its own network for the pull request's author (as
 * go-containerregistry refuses such foreign URLs). Every address a host resolves to is checked, at
 * the first request and at every redirect. The resolver used to connect may still answer
 * differently a moment later (DNS rebinding); the registry guide says so.
 */
abstract class PublicAddresses {
  /** Every address allowed: {@code allow-private-addresses: true}, for internal registries and tests. */
  static final PublicAddresses ANY = new PublicAddresses() {
    @Override
    InetAddress[] resolve(String host) {
      throw new AssertionError("every address is allowed; nothing is resolved");
    }

    @Override
    Optional<String> refusal(URI url) {
      return Optional.empty();
    }
  };

  /** Public addresses only, as the system's resolver answers. */
  static final PublicAddresses SYSTEM_RESOLVER = new PublicAddresses() {
    @Override
    InetAddress[] resolve(String host) throws UnknownHostException {
      return InetAddress.getAllByName(host);
    }
  };

  private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
      "metadata.goog", "instance-data", "instance-data.ec2.internal");

  abstract InetAddress[] resolve(String host) throws UnknownHostException;

  /** Why the URL's host may not be fetched from, or empty when it may. */
  Optional<String> refusal(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().replaceAll("^\\[|\\]$", "").toLowerCase(Locale.ROOT);
    if (METADATA_HOSTS.contains(host.replaceAll("\\.$", ""))) {
      return Optional.of("names " + host + ", a cloud metadata service" + OPEN);
    }
    InetAddress[] addresses;
    try {
      addresses = resolve(host);
    } catch (UnknownHostException e) {
      return Optional.of("names " + host + ", which does not resolve");
    }
    for (InetAddress address : addresses) {
      Optional<String> kind = internalKind(address);
      if (kind.isPresent()) {
        String shown = address.getHostAddress();
        return Optional.of((shown.equals(host) ? "names " + shown : "names " + host + ", which resolves to " + shown)
            + ", " + kind.get() + OPEN);
      }
    }
    return Optional.empty();
  }

  private static final String OPEN = "; verify fetches from public addresses only (allow-private-addresses: true in "
      + RegistryRules.FILE + " opens it for internal registries)";

  /** What kind of internal address this is, if it is one. */
  static Optional<String> internalKind(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return Optional.of("an unspecified address");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address (where cloud metadata services answer)");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("a private address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      if (first == 100 && second >= 64 && second < 128) {
        return Optional.of("a shared (carrier-grade NAT) address");
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return Optional.of("a benchmarking network's address");
      }
      if (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) {
        return Optional.of("an IETF protocol address");
      }
      if (first == 0 || first >= 240) {
        return Optional.of("a reserved address");
      }
      return Optional.empty();
    }
    if ((bytes[0] & 0xfe) == 0xfc) {
      return Optional.of("a private (unique local) address");
    }
    // IPv6 forms that carry an IPv4 address a router or a tunnel delivers to: judged by that address.
    Optional<Inet4Address> carried = carriedIpv4(bytes);
    if (carried.isPresent()) {
      return Optional.of(internalKind(carried.get()).map(kind -> "an IPv6 form of " + carried.get().getHostAddress()
          + ", " + kind).orElse("an IPv6 form of " + carried.get().getHostAddress()
          + ", which blob URLs name directly"));
    }
    return Optional.empty();
  }

  /**
   * The IPv4 address inside an IPv6 transition address: IPv4-compatible ({@code ::a.b.c.d}) and
   * -mapped ({@code ::ffff:a.b.c.d}), NAT64 ({@code 64:ff9b::/96}, {@code 64:ff9b:1::/48}), 6to4
   * ({@code 2002::/16}) and Teredo ({@code 2001::/32}, the client's address inverted). A public
   * registry names IPv4 hosts by their IPv4 address, so every such form is refused, and says which
   * address it reaches.
   */
  private static Optional<Inet4Address> carriedIpv4(byte[] v6) {
    int word0 = ((v6[0] & 0xff) << 8) | (v6[1] & 0xff);
    int word1 = ((v6[2] & 0xff) << 8) | (v6[3] & 0xff);
    boolean zeroTo80 = java.util.stream.IntStream.range(0, 10).allMatch(i -> v6[i] == 0);
    byte[] v4;
    if (zeroTo80 && ((v6[10] == 0 && v6[11] == 0) || (v6[10] == (byte) 0xff && v6[11] == (byte) 0xff))) {
      v4 = java.util.Arrays.copyOfRange(v6, 12, 16);
    } else if (word0 == 0x64 && (word1 == 0xff9b)) {
      v4 = java.util.Arrays.copyOfRange(v6, 12, 16);
    } else if (word0 == 0x2002) {
      v4 = java.util.Arrays.copyOfRange(v6, 2, 6);
    } else if (word0 == 0x2001 && word1 == 0) {
      v4 = java.util.Arrays.copyOfRange(v6, 12, 16);
      for (int i = 0; i < 4; i++) {
        v4[i] = (byte) ~v4[i];
      }
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}
