package dev.skiff.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.model.Digest;
import dev.skiff.model.Manifest;
import dev.skiff.model.Namespace;
import dev.skiff.model.SourceInfo;
import dev.skiff.model.Tag;
import dev.skiff.registry.FrontMatter;
import dev.skiff.registry.RegistryInit;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.SkiffException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderPublisherTest {
  static final Namespace NS = Namespace.parse("myorg/centos");
  static final String BRANCH = "refs/heads/update/myorg/centos";
  static final UpdateTarget UPDATE = UpdateTarget.perNamespace("update/", false);

  @TempDir
  Path registry;

  LocalFolderPublisher publisher;

  @BeforeEach
  void init() throws Exception {
    RegistryInit.init(registry, "main", "myorg");
    publisher = new LocalFolderPublisher(registry, UPDATE, BranchPublisherFactory.IDENTITY);
  }

  static Manifest manifest(String tag, String content) {
    Digest digest = Digest.sha256(content.getBytes(StandardCharsets.UTF_8));
    return new Manifest(NS, Tag.of(tag), digest, 1000 + content.length(),
        URI.create("https://storage.example.org/images/" + NS + "/" + digest.hex() + ".sif"),
        new Manifest.Provenance("Singularity." + tag, Digest.sha256(new byte[] {1}), "scratch",
            Instant.parse("2024-01-01T00:00:00Z"), Optional.of("https://github.com/myorg/centos"), Optional.of("abc"),
            Map.of("Maintainer", "me: \"quoted\"")));
  }

  PublishResult publish(Manifest... manifests) throws Exception {
    return publisher.publish(new PublishRequest(NS, List.of(manifests),
        new SourceInfo(Optional.of("https://github.com/myorg/centos"), Optional.of("abc"), Optional.empty(),
            Optional.of(URI.create("https://ci.example.org/1"))),
        Optional.empty(), line -> { }));
  }

  String file(String ref, String path) throws Exception {
    try (Repository repo = Git.open(registry.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(repo.resolve(ref));
      try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
        return tree == null ? null : new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  ObjectId tip(String ref) throws Exception {
    try (Repository repo = Git.open(registry.toFile()).getRepository()) {
      return repo.resolve(ref);
    }
  }

  @Test
  void aNewNamespaceGetsItsBranchFromTheDefaultBranch() throws Exception {
    ObjectId main = tip("refs/heads/main");
    PublishResult result = publish(manifest("latest", "a"), manifest("pancakes", "b"));
    assertThat(result.changed()).isTrue();
    assertThat(result.location()).isEqualTo("branch update/myorg/centos of " + registry);
    try (Repository repo = Git.open(registry.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(repo.resolve(BRANCH));
      assertThat(commit.getName()).isEqualTo(result.commit().orElseThrow());
      assertThat(commit.getParent(0)).isEqualTo(main);
      assertThat(commit.getFullMessage()).startsWith("Update myorg/centos: added: latest, pancakes\n\nlatest sha256:")
          .contains("Source: https://github.com/myorg/centos @ abc").contains("Build: https://ci.example.org/1");
    }
    assertThat(tip("refs/heads/main")).isEqualTo(main);
    assertThat(file(BRANCH, "myorg/centos/README.md")).startsWith("---\nlayout: collection\n");
    assertThat(file(BRANCH, "myorg/centos/tags/README.md")).isEqualTo("---\nlayout: tags\n---\n");
    assertThat(file(BRANCH, "README.md")).contains("Container registry of myorg");
  }

  @Test
  void theManifestPageIsTheExistingFormatWithSizesInBytes() throws Exception {
    Manifest manifest = manifest("latest", "a");
    publish(manifest);
    String page = file(BRANCH, "myorg/centos/manifests/latest/README.md");
    JsonNode front = FrontMatter.parse(page).orElseThrow();
    assertThat(front.path("layout").asText()).isEqualTo("manifests/singularity");
    assertThat(front.path("size").isNumber()).isTrue();
    assertThat(front.path("size").asLong()).isEqualTo(manifest.size());
    assertThat(front.path("digest").asText()).isEqualTo(manifest.digest().toString());
    JsonNode layer = front.path("layers").get(0);
    assertThat(layer.path("size").asLong()).isEqualTo(manifest.size());
    assertThat(layer.path("digest").asText()).isEqualTo(manifest.digest().toString());
    assertThat(layer.path("url").asText()).isEqualTo(manifest.url().toString());
    assertThat(front.path("skiff").path("labels").path("Maintainer").asText()).isEqualTo("me: \"quoted\"");
    assertThat(front.path("skiff").path("source_commit").asText()).isEqualTo("abc");
  }

  @Test
  void theSameManifestsAgainCommitNothing() throws Exception {
    publish(manifest("latest", "a"));
    ObjectId first = tip(BRANCH);
    PublishResult again = publish(manifest("latest", "a"));
    assertThat(again.changed()).isFalse();
    assertThat(again.commit()).isEmpty();
    assertThat(tip(BRANCH)).isEqualTo(first);
  }

  @Test
  void aChangedImageAdvancesTheBranchAndKeepsOtherTags() throws Exception {
    publish(manifest("latest", "a"), manifest("pancakes", "b"));
    ObjectId first = tip(BRANCH);
    String pancakes = file(BRANCH, "myorg/centos/manifests/pancakes/README.md");
    PublishResult result = publish(manifest("latest", "a2"));
    assertThat(result.changed()).isTrue();
    try (Repository repo = Git.open(registry.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      assertThat(walk.parseCommit(repo.resolve(BRANCH)).getParent(0)).isEqualTo(first);
    }
    assertThat(file(BRANCH, "myorg/centos/manifests/latest/README.md")).contains(manifest("latest", "a2").digest().hex());
    assertThat(file(BRANCH, "myorg/centos/manifests/pancakes/README.md")).isEqualTo(pancakes);
  }

  @Test
  void theWorkingTreeIsNeverTouched() throws Exception {
    publish(manifest("latest", "a"));
    try (Git git = Git.open(registry.toFile())) {
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(git.getRepository().getBranch()).isEqualTo("main");
    }
    assertThat(registry.resolve("myorg")).doesNotExist();
  }

  @Test
  void aDefaultBranchOtherThanMainIsUsed(@TempDir Path other) throws Exception {
    RegistryInit.init(other, "trunk", "myorg");
    LocalFolderPublisher trunkPublisher = new LocalFolderPublisher(other, UPDATE, BranchPublisherFactory.IDENTITY);
    trunkPublisher.publish(new PublishRequest(NS, List.of(manifest("latest", "a")), SourceInfo.unknown(),
        Optional.of("CentOS images"), line -> { }));
    try (Repository repo = Git.open(other.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      assertThat(walk.parseCommit(repo.resolve(BRANCH)).getParent(0)).isEqualTo(repo.resolve("refs/heads/trunk"));
    }
  }

  @Test
  void aBareRegistryWorksToo(@TempDir Path bare) throws Exception {
    Git.cloneRepository().setURI(registry.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
    new LocalFolderPublisher(bare, UPDATE, BranchPublisherFactory.IDENTITY).publish(new PublishRequest(NS,
        List.of(manifest("latest", "a")), SourceInfo.unknown(), Optional.empty(), line -> { }));
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      assertThat(repo.resolve(BRANCH)).isNotNull();
    }
  }

  @Test
  void aFolderThatIsNotARepositoryIsRefused(@TempDir Path plain) {
    LocalFolderPublisher wrong = new LocalFolderPublisher(plain, UPDATE, BranchPublisherFactory.IDENTITY);
    assertThatThrownBy(() -> wrong.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.empty(), line -> { })))
        .isInstanceOf(SkiffException.class)
        .hasMessage("registry " + plain + ": not a git repository (create one with 'skiff registry init " + plain + "')");
    LocalFolderPublisher missing = new LocalFolderPublisher(plain.resolve("nope"), UPDATE, BranchPublisherFactory.IDENTITY);
    assertThatThrownBy(() -> missing.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.empty(), line -> { }))).hasMessageContaining("no such folder");
  }

  @Test
  void aRegistryWithoutCommitsIsRefused(@TempDir Path empty) throws Exception {
    Git.init().setDirectory(empty.toFile()).setInitialBranch("main").call().close();
    LocalFolderPublisher unborn = new LocalFolderPublisher(empty, UPDATE, BranchPublisherFactory.IDENTITY);
    assertThatThrownBy(() -> unborn.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.empty(), line -> { })))
        .hasMessageContaining("its default branch main has no commit yet");
  }

  @Test
  void aBranchPrefixGitRefusesIsReported() {
    LocalFolderPublisher bad = new LocalFolderPublisher(registry, UpdateTarget.perNamespace("update..", false), BranchPublisherFactory.IDENTITY);
    assertThatThrownBy(() -> bad.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.empty(), line -> { })))
        .hasMessage("registry " + registry + ": 'update..myorg/centos' is not a valid branch name;"
            + " check publisher.branch.prefix");
  }

  @Test
  void aDescriptionWithQuotesStaysValidYaml() throws Exception {
    publisher.publish(new PublishRequest(NS, List.of(manifest("latest", "a")), SourceInfo.unknown(),
        Optional.of("CentOS \"7\": with a \\ backslash, and 'quotes'"), line -> { }));
    String page = file(BRANCH, "myorg/centos/README.md");
    assertThat(FrontMatter.parse(page).orElseThrow().path("description").asText())
        .isEqualTo("CentOS \"7\": with a \\ backslash, and 'quotes'");
  }

  @Test
  void aDescriptionWithMarkupIsRefusedBeforeAnythingIsCommitted() throws Exception {
    ObjectId before = tip("refs/heads/main");
    assertThatThrownBy(() -> publisher.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.of("CentOS <script>alert(1)</script>"), line -> { })))
        .hasMessage("setting 'description': holds markup ('<'); page values are shown on the site as they are, so"
            + " they may hold no HTML, Liquid or Markdown links");
    assertThat(tip("refs/heads/main")).isEqualTo(before);
    try (Repository repo = Git.open(registry.toFile()).getRepository()) {
      assertThat(repo.exactRef("refs/heads/" + BRANCH)).as("the update branch").isNull();
    }
  }

  @Test
  void theDirectPublisherCommitsOntoTheDefaultBranchOfABareRegistry(@TempDir Path bare) throws Exception {
    Git.cloneRepository().setURI(registry.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
    ObjectId main = tip("refs/heads/main");
    PublishResult result = new LocalFolderPublisher(bare, UpdateTarget.defaultBranch(false), BranchPublisherFactory.IDENTITY)
        .publish(new PublishRequest(NS, List.of(manifest("latest", "a")), SourceInfo.unknown(), Optional.empty(),
            line -> { }));
    assertThat(result.location()).isEqualTo("branch main of " + bare);
    try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(repo.resolve("refs/heads/main"));
      assertThat(commit.getParent(0)).isEqualTo(main);
      assertThat(repo.resolve(BRANCH)).isNull();
    }
  }

  @Test
  void theDirectPublisherRefusesAWorkingTreeWithTheDefaultBranchCheckedOut() {
    LocalFolderPublisher direct = new LocalFolderPublisher(registry, UpdateTarget.defaultBranch(false), BranchPublisherFactory.IDENTITY);
    assertThatThrownBy(() -> direct.publish(new PublishRequest(NS, List.of(manifest("latest", "a")),
        SourceInfo.unknown(), Optional.empty(), line -> { })))
        .hasMessageStartingWith("registry " + registry + ": branch main is checked out; check out another branch, or"
            + " use a bare repository");
  }

  @Test
  void anotherCommitOnTheBranchIsKept() throws Exception {
    publish(manifest("latest", "a"));
    try (Git git = Git.open(registry.toFile())) {
      git.checkout().setName("update/myorg/centos").call();
      Files.writeString(registry.resolve("myorg/centos/NOTES.md"), "by hand\n");
      git.add().addFilepattern("myorg/centos/NOTES.md").call();
      PersonIdent me = new PersonIdent("me", "me@example.org");
      git.commit().setMessage("notes").setAuthor(me).setCommitter(me).setSign(false).call();
      git.checkout().setName("main").call();
    }
    publish(manifest("latest", "b"));
    assertThat(file(BRANCH, "myorg/centos/NOTES.md")).isEqualTo("by hand\n");
  }

  @Test
  void anOversizedPageIsWrittenAnewInsteadOfBlockingTheNamespace() throws Exception {
    // 60 MiB: above JGit's threshold for reading an object whole, which crashed the publisher.
    try (Git git = Git.open(registry.toFile())) {
      Path page = registry.resolve(NS + "/manifests/latest/README.md");
      Files.createDirectories(page.getParent());
      try (var out = Files.newOutputStream(page)) {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 60; i++) {
          out.write(chunk);
        }
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("a page that is no page").setSign(false).call();
    }
    PublishResult result = publish(manifest("latest", "a"));
    assertThat(result.changed()).isTrue();
    assertThat(file(BRANCH, NS + "/manifests/latest/README.md")).contains(manifest("latest", "a").digest().toString());
  }
}
