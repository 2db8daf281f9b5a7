package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.registry.site.pages.PullCommand;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pull commands a site offers for its base URL, each only where its client can go, as the
 * clients' own rules say: the pages show them per tag and {@code skiff site} sums them up, so both
 * say the same. {@code skiff pull} keeps the site's scheme unless it is https (its default).
 * Apptainer's Singularity Hub client takes no port and at most 64 characters of host and path
 * ({@code [-.a-zA-Z0-9/]}), and asks https (http only with {@code --no-https}, which also fetches
 * the image itself over http); its OCI client asks {@code /v2/} at the host's root, so only a site
 * at the root serves {@code oras://}, and only for names that are OCI repository names.
 */
public final class PullCommands {
  private static final Pattern SHUB_REGISTRY = Pattern.compile("[-.a-zA-Z0-9/]{1,64}");
  private static final Pattern OCI_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  private final Optional<URI> base;

  private PullCommands(Optional<URI> base) {
    this.base = base;
  }

  /** @param baseUrl where the site is served, an absolute http(s) URL; empty when not known */
  public static PullCommands forSite(Optional<String> baseUrl) {
    return new PullCommands(baseUrl.map(url -> URI.create(url.endsWith("/") ? url : url + "/")));
  }

  private boolean https() {
    return base.map(url -> url.getScheme().toLowerCase(Locale.ROOT).equals("https")).orElse(false);
  }

  /** Host and path without scheme or trailing slash: how references name the site. */
  private Optional<String> address() {
    return base.map(url -> url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + url.getRawPath().replaceAll("/+$", ""));
  }

  private boolean atRoot() {
    return base.map(url -> url.getRawPath().replaceAll("/+", "").isEmpty()).orElse(false);
  }

  /** Whether Apptainer's shub:// client reaches this site: https, no port, host and path within its rules. */
  private boolean shubReaches() {
    return https() && base.get().getPort() < 0 && SHUB_REGISTRY.matcher(address().get()).matches();
  }

  /** The commands for one tag of a namespace, in the order the pages show them. */
  public List<PullCommand> forTag(Namespace namespace, String tag, boolean shubAnswered, boolean ociServed) {
    List<PullCommand> commands = new ArrayList<>();
    String ref = namespace + ":" + tag;
    if (shubAnswered && shubReaches()) {
      commands.add(new PullCommand("apptainer", "apptainer pull shub://" + address().get() + "/" + ref));
    }
    if (ociServed && atRoot() && isOciName(namespace)) {
      commands.add(new PullCommand("apptainer", "apptainer pull " + (https() ? "" : "--no-https ") + "oras://"
          + address().get() + "/" + ref));
    }
    commands.add(new PullCommand("skiff", "skiff pull " + skiffSite().map(site -> site + "/").orElse("") + ref));
    return commands;
  }

  /**
   * The command that downloads a file of the site (a signing key) into the current folder: by its
   * URL where the site's address is known, else by its path on the site.
   */
  public String keyDownload(String sitePath) {
    return "curl -fLO " + absolute(sitePath);
  }

  /**
   * A path of the site as text people copy elsewhere (a README's badge, a command): its URL where
   * the site's address is known, else {@code SITE/} and the path.
   */
  public String absolute(String sitePath) {
    return base.map(url -> url.resolve(sitePath).toASCIIString()).orElse("SITE/" + sitePath);
  }

  /**
   * A path of the site as a link from a file in folder {@code from} ({@code ""} for the root, else
   * ending in {@code /}): its URL where the site's address is known, else a relative link.
   */
  public String link(String sitePath, String from) {
    if (base.isPresent()) {
      return base.get().resolve(sitePath).toASCIIString();
    }
    if (sitePath.startsWith(from)) {
      return "./" + sitePath.substring(from.length());
    }
    return "../".repeat((int) from.chars().filter(c -> c == '/').count()) + sitePath;
  }

  /** The site as {@code skiff pull} takes it: without a scheme for https, with {@code http://} else. */
  private Optional<String> skiffSite() {
    return address().map(address -> https() ? address : "http://" + address);
  }

  static boolean isOciName(Namespace namespace) {
    return OCI_COMPONENT.matcher(namespace.owner()).matches() && OCI_COMPONENT.matcher(namespace.name()).matches();
  }

  /** Which ways to pull the site serves, in one line, for the people setting up the host. */
  public String summary() {
    if (base.isEmpty()) {
      return "skiff pull (with --site) and curl; give --base-url for the commands that name the site";
    }
    List<String> ways = new ArrayList<>(List.of("skiff pull", "curl"));
    List<String> not = new ArrayList<>();
    if (shubReaches()) {
      ways.add("apptainer pull shub://");
    } else {
      not.add("shub:// needs https, no port and at most 64 characters of host and path");
    }
    if (atRoot()) {
      ways.add("apptainer pull " + (https() ? "" : "--no-https ") + "oras:// (where the host serves v2/)");
    } else {
      not.add("oras:// needs the site at the host's root");
    }
    return String.join(", ", ways) + (not.isEmpty() ? "" : "; " + String.join("; ", not));
  }
}
