package dev.skiff.publisher;

import dev.skiff.model.Namespace;
import dev.skiff.registry.RegistryLayout;
import org.eclipse.jgit.lib.Constants;

/**
 * The branch a publish moves: {@code update/<owner>/<name>} (one per source repository, merged
 * through pull requests), or the registry's default branch itself (the {@code direct} publisher,
 * for registries where each source repository commits straight to it).
 *
 * @param branchPrefix the prefix before {@code OWNER/NAME}; null for the default branch
 * @param keepRemovedTags whether the pages of tags whose recipe is gone stay ({@code publisher.keep-removed-tags})
 */
record UpdateTarget(String branchPrefix, boolean keepRemovedTags) {

  static UpdateTarget perNamespace(String prefix, boolean keepRemovedTags) {
    return new UpdateTarget(prefix, keepRemovedTags);
  }

  static UpdateTarget defaultBranch(boolean keepRemovedTags) {
    return new UpdateTarget(null, keepRemovedTags);
  }

  /** The full ref name, given the registry's default branch ({@code refs/heads/main}). */
  String refName(Namespace namespace, String defaultBranchRef) {
    return branchPrefix == null ? defaultBranchRef : Constants.R_HEADS + RegistryLayout.branch(branchPrefix, namespace);
  }
}
