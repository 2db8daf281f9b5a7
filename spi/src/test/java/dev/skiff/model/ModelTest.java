package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTest {
  private static final String HEX = "a".repeat(64);

  @Test
  void namespaceParsesAndFormats() {
    Namespace ns = Namespace.parse("myorg/centos");
    assertThat(ns.owner()).isEqualTo("myorg");
    assertThat(ns.name()).isEqualTo("centos");
    assertThat(ns).hasToString("myorg/centos");
  }

  @ParameterizedTest
  @ValueSource(strings = {"centos", "a/b/c", "/centos", "myorg/", "my_org/centos", "myorg/..", "-org/x"})
  void namespaceRejectsMalformed(String text) {
    assertThatThrownBy(() -> Namespace.parse(text)).isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("namespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "1.0", "v2_beta-3", "_x", "A"})
  void tagAcceptsTheGrammar(String text) {
    assertThat(Tag.of(text).value()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "-x", "a b", "a:b", "a/b", "caf\u00e9"})
  void tagRejectsWhatTheGrammarRefuses(String text) {
    assertThatThrownBy(() -> Tag.of(text)).isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("invalid tag '" + text + "'");
  }

  @Test
  void tagIsAtMost128Characters() {
    assertThat(Tag.of("a".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> Tag.of("a".repeat(129))).isInstanceOf(InvalidReferenceException.class);
  }

  @Test
  void digestParsesAndFormats() {
    assertThat(Digest.parse("sha256:" + HEX)).hasToString("sha256:" + HEX);
    assertThatThrownBy(() -> Digest.parse(HEX)).hasMessageContaining("expected sha256:");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64))).hasMessageContaining("lowercase");
    assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("64");
  }

  @Test
  void digestOfContentIsItsSha256() {
    assertThat(Digest.sha256(new byte[0]).hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void containerRefParsesEveryForm() {
    assertThat(ContainerRef.parse("myorg/centos"))
        .isEqualTo(new ContainerRef(Namespace.parse("myorg/centos"), Tag.LATEST, Optional.empty()));
    assertThat(ContainerRef.parse("myorg/centos:7").tag()).isEqualTo(Tag.of("7"));
    ContainerRef full = ContainerRef.parse("myorg/centos:7@sha256:" + HEX);
    assertThat(full.digest()).contains(new Digest(HEX));
    assertThat(full).hasToString("myorg/centos:7@sha256:" + HEX);
    assertThat(ContainerRef.parse("myorg/centos@sha256:" + HEX).tag()).isEqualTo(Tag.LATEST);
  }

  @Test
  void containerRefErrorsSayWhichPartIsWrong() {
    assertThatThrownBy(() -> ContainerRef.parse("myorg/centos:bad tag"))
        .hasMessage("invalid container reference 'myorg/centos:bad tag': invalid tag 'bad tag': a tag is 1 to 128"
            + " letters, digits, '_', '.' or '-', and does not start with '.' or '-'");
    assertThatThrownBy(() -> ContainerRef.parse("centos:7")).hasMessageContaining("expected OWNER/NAME");
    assertThatThrownBy(() -> ContainerRef.parse("a/b@md5:x")).hasMessageContaining("invalid digest");
    assertThatThrownBy(() -> ContainerRef.parse(" ")).hasMessageContaining("empty container reference");
  }
}
