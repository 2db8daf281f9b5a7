package dev.skiff.report;

import dev.skiff.model.Digest;
import dev.skiff.model.Tag;

/**
 * Whether a run would build one recipe, and why: a row of {@code skiff plan}.
 *
 * @param recipe the recipe's path in the source repository
 * @param tag its tag
 * @param build true: it would be built; false: its published image is carried forward
 * @param reason why, in a few words
 * @param inputDigest the digest of what its build reads
 */
public record PlannedBuild(String recipe, Tag tag, boolean build, String reason, Digest inputDigest) {}
