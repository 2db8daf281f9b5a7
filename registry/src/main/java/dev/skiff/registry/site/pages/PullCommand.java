package dev.skiff.registry.site.pages;

/**
 * A command that pulls an image, shown with a button that copies it.
 *
 * @param tool what runs it ({@code apptainer}, {@code skiff}, {@code curl})
 * @param text the exact command line
 */
public record PullCommand(String tool, String text) {}
