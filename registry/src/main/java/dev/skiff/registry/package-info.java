/**
 * The registry: a git repository of pages, its static site, and what reads and checks them.
 *
 * <p>The API is {@link dev.skiff.registry.RegistryInit} here and, in the subpackages, the entry
 * points of {@code skiff site}, {@code verify}, {@code pull} and {@code gc} with their requests and
 * reports ({@code SiteRenderer}, {@code RegistryVerifier}, {@code PullClient}, {@code
 * GarbageCollector}); the user guide shows each from Java. The classes of the registry's format
 * ({@code ManifestPage}, {@code CollectionPage}, {@code RegistryLayout}, {@code PageText}, ...) are
 * public for Skiff's own publishers, the format's one other reader, and may change in any release.
 */
package dev.skiff.registry;
