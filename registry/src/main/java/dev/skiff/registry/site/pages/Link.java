package dev.skiff.registry.site.pages;

/** A link to another site: only made for http and https addresses, so no other scheme reaches an href. */
public record Link(String href, String text) {}
