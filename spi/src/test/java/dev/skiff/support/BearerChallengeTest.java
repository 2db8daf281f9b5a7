package dev.skiff.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {
  private static final URI BLOB = URI.create("https://ghcr.io/v2/org/lab/hello/blobs/sha256:ab");

  @Test
  void aRegistrysChallengeGivesTheTokenUrlForItsScope() throws Exception {
    // As GitHub Container Registry answers an anonymous blob read.
    BearerChallenge challenge = BearerChallenge.in(List.of("Bearer realm=\"https://ghcr.io/token\","
        + "service=\"ghcr.io\",scope=\"repository:org/lab/hello:pull\""), BLOB).orElseThrow();
    assertThat(challenge.tokenUrl()).hasToString(
        "https://ghcr.io/token?service=ghcr.io&scope=repository%3Aorg%2Flab%2Fhello%3Apull");
    assertThat(challenge.tokenUrl(List.of("repository:x/y:pull,push"))).hasToString(
        "https://ghcr.io/token?service=ghcr.io&scope=repository%3Ax%2Fy%3Apull%2Cpush");
  }

  @Test
  void parametersAreReadAsRfc9110WritesThem() throws Exception {
    BearerChallenge challenge = BearerChallenge.in(List.of("Basic realm=\"x\"",
        "bearer  Realm = \"https://auth.example.org/token?a=b\" , SERVICE=registry.example.org,"
            + "scope=\"repository:a/b:pull repository:c/d:pull\", error=\"with \\\"quotes\\\", and a comma\""), BLOB)
        .orElseThrow();
    assertThat(challenge.realm()).hasToString("https://auth.example.org/token?a=b");
    assertThat(challenge.service()).contains("registry.example.org");
    assertThat(challenge.scopes()).containsExactly("repository:a/b:pull", "repository:c/d:pull");
    assertThat(challenge.tokenUrl()).hasToString("https://auth.example.org/token?a=b&service=registry.example.org"
        + "&scope=repository%3Aa%2Fb%3Apull&scope=repository%3Ac%2Fd%3Apull");
  }

  @Test
  void otherChallengesAreNotBearerOnes() throws Exception {
    assertThat(BearerChallenge.in(List.of("Basic realm=\"registry\""), BLOB)).isEmpty();
    assertThat(BearerChallenge.in(List.of(), BLOB)).isEmpty();
    assertThat(BearerChallenge.in(List.of("Bearer"), BLOB)).isEmpty();
  }

  @Test
  void aRealmMustBeThereAndAsSecureAsTheRegistry() {
    assertThatThrownBy(() -> BearerChallenge.in(List.of("Bearer service=\"x\""), BLOB))
        .hasMessage("ghcr.io asks for a token but names no realm to get it from");
    assertThatThrownBy(() -> BearerChallenge.in(List.of("Bearer realm=\"http://ghcr.io/token\""), BLOB))
        .hasMessage("ghcr.io names a token realm that is not https: http://ghcr.io/token");
    assertThatThrownBy(() -> BearerChallenge.in(List.of("Bearer realm=\"https://ghcr.io/\u001b[2Jt\""), BLOB))
        .hasMessage("ghcr.io names a token realm that is no URL");
    assertThatThrownBy(() -> BearerChallenge.in(List.of("Bearer realm=\"file:///etc/passwd\""), BLOB))
        .isInstanceOf(BearerChallenge.Unusable.class);
  }

  @Test
  void aPlainHttpRegistryMayNameAPlainHttpRealm() throws Exception {
    URI local = URI.create("http://127.0.0.1:5000/v2/lab/a/b/blobs/sha256:ab");
    assertThat(BearerChallenge.in(List.of("Bearer realm=\"/token\""), local).orElseThrow().realm())
        .hasToString("http://127.0.0.1:5000/token");
  }

  @Test
  void theTokenGoesOnlyToTheOriginThatAskedForIt() throws Exception {
    BearerChallenge challenge = BearerChallenge.in(List.of("Bearer realm=\"https://ghcr.io/token\""), BLOB)
        .orElseThrow();
    assertThat(challenge.mayReceiveToken(URI.create("https://GHCR.io:443/v2/other/blobs/sha256:cd"))).isTrue();
    assertThat(challenge.mayReceiveToken(URI.create("https://pkg-containers.githubusercontent.com/ghcr1/blobs/x")))
        .isFalse();
    assertThat(challenge.mayReceiveToken(URI.create("http://ghcr.io/v2/"))).isFalse();
    assertThat(challenge.mayReceiveToken(URI.create("https://ghcr.io:8443/v2/"))).isFalse();
  }

  @Test
  void theTokenIsReadFromEitherField() {
    assertThat(BearerChallenge.tokenIn(Map.of("token", "t1", "access_token", "t2"))).contains("t1");
    assertThat(BearerChallenge.tokenIn(Map.of("access_token", "t2"))).contains("t2");
    assertThat(BearerChallenge.tokenIn(Map.of("token", " ", "access_token", "t2"))).contains("t2");
    assertThat(BearerChallenge.tokenIn(Map.of("token", 3))).isEmpty();
  }
}
