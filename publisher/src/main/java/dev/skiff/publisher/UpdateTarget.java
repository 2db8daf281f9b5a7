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
 */
record UpdateTarget(String branchPrefix) {

  static UpdateTarget perNamespace(String prefix) {
    return new UpdateTarget(prefix);
  }

  static UpdateTarget defaultBranch() {
    return new UpdateTarget(null);
  }

  /** The full ref name, given the registry's default branch ({@code refs/heads/main}). */
  String refName(Namespace namespace, String defaultBranchRef) {
    return branchPrefix == null ? defaultBranchRef : Constants.R_HEADS + RegistryLayout.branch(branchPrefix, namespace);
  }
}
