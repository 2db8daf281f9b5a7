package dev.skiff.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryRulesTest {
  @Test
  void defaultsArePinned() throws Exception {
    RegistryRules rules = RegistryRules.parse("");
    assertThat(rules).isEqualTo(RegistryRules.defaults());
    assertThat(rules.branchPrefix()).isEqualTo("update/");
    assertThat(rules.maxFileSize()).isEqualTo(65536);
    assertThat(rules.urlSchemes()).containsExactly("https");
    assertThat(rules.contentTypes()).contains("application/octet-stream");
    assertThat(rules.namespaceBranches()).isEmpty();
  }

  @Test
  void readsEveryRule() throws Exception {
    RegistryRules rules = RegistryRules.parse("""
        branch-prefix: images/
        max-file-size: 1000
        url-schemes: [https, s3]
        content-types: [application/octet-stream]
        namespaces:
          myorg/centos: [centos-images, other]
        """);
    assertThat(rules.branchPrefix()).isEqualTo("images/");
    assertThat(rules.maxFileSize()).isEqualTo(1000);
    assertThat(rules.urlSchemes()).isEqualTo(Set.of("https", "s3"));
    assertThat(rules.contentTypes()).isEqualTo(Set.of("application/octet-stream"));
    assertThat(rules.namespaceBranches()).containsEntry("myorg/centos", List.of("centos-images", "other"));
  }

  @Test
  void anUnknownRuleIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> RegistryRules.parse("max-filesize: 1\n"))
        .hasMessageStartingWith(".skiff/registry.yml: unknown rule 'max-filesize'");
    assertThatThrownBy(() -> RegistryRules.parse("max-file-size: -5\n")).hasMessageContaining("positive");
    assertThatThrownBy(() -> RegistryRules.parse("url-schemes: https\n")).hasMessageContaining("must be a list");
  }
}
