package dev.skiff.events;

import java.util.Locale;

/**
 * The steps of a run, in order, from loading its plugins ({@link #PLUGINS}, which every operation
 * does first); then what consumers do, {@code skiff pull}, and the storage's sweep, {@code skiff gc}.
 */
public enum Step {
  /** Loading the plugins: a jar without a plugin, a plugin that cannot be loaded. */
  PLUGINS,
  /** Finding the recipes of the source. */
  DISCOVER,
  /** Deciding what to build: each recipe's inputs against the published image. */
  PLAN,
  /** Building one recipe. */
  BUILD,
  /** Signing one image, when a signing key is set. */
  SIGN,
  /** Uploading one image to the store. */
  STORE,
  /** Writing one image's manifest. */
  MANIFEST,
  /** Publishing the namespace's manifests to the registry. */
  PUBLISH,
  /** Pulling an image from a registry's site. */
  PULL,
  /** Sweeping the store of blobs no manifest references. */
  GC;

  /** The lower-case word used in logs and reports. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
