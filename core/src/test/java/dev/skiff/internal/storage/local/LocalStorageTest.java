package dev.skiff.internal.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.skiff.internal.config.ConfigLoader;
import dev.skiff.internal.config.CoreKeys;
import dev.skiff.internal.config.Settings;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.ListedObject;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.ProgressListener;
import dev.skiff.spi.PutRequest;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.testing.StorageContractTest;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest extends StorageContractTest {
  @TempDir
  Path root;

  @Override
  protected Storage openStorage() throws Exception {
    return open("file://" + root, Map.of());
  }

  private Storage open(String uri, Map<String, String> flags) throws Exception {
    LocalStorageFactory factory = new LocalStorageFactory();
    List<dev.skiff.spi.ConfigKey> keys = new ArrayList<>(CoreKeys.ALL);
    keys.addAll(factory.configKeys());
    Map<String, String> all = new java.util.HashMap<>(flags);
    all.put(CoreKeys.STORAGE, uri);
    Settings settings = new ConfigLoader(keys).load(files, Map.of(), all, files);
    return factory.create(URI.create(uri), settings, new PluginContext(Map.of(), files, files, line -> { }));
  }

  @Override
  protected byte[] readBack(BlobKey key) throws Exception {
    Path file = root.resolve(key.path());
    return Files.exists(file) ? Files.readAllBytes(file) : null;
  }

  @Override
  protected long largeSize() {
    return 16L << 20; // a local copy has no multipart threshold to cross
  }

  @Test
  void storesAtOwnerNameHexDotSif() throws Exception {
    Path file = image("a.sif", 1000, 1);
    BlobKey key = keyOf(file);
    put(file, key);
    assertThat(root.resolve("myorg/centos/" + key.digest().hex() + ".sif")).exists();
    assertThat(storage.publicUrl(key)).isEqualTo(root.resolve(key.path()).toUri());
  }

  @Test
  void leavesNoTemporaryFileBehindWhenTheContentIsWrong() throws Exception {
    Path file = image("a.sif", 1000, 1);
    BlobKey wrong = keyOf(image("b.sif", 1000, 2));
    assertThatThrownBy(() -> put(file, wrong)).isInstanceOf(SkiffException.class)
        .hasMessageContaining("the bytes written have sha256:");
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aFolderThatCannotBeCreatedFailsWhenTheStorageOpens() throws Exception {
    Path blocker = Files.writeString(files.resolve("not-a-folder"), "x");
    assertThatThrownBy(() -> open("file://" + blocker.resolve("storage"), Map.of()))
        .isInstanceOf(SkiffException.class)
        .hasMessageStartingWith("storage file://" + blocker.resolve("storage") + ": cannot create folder "
            + blocker.resolve("storage") + ": ");
  }

  @Test
  void aNamespaceFolderThatCannotBeCreatedFailsNamingIt() throws Exception {
    Files.writeString(root.resolve("myorg"), "a file where the owner's folder belongs");
    Path file = image("a.sif", 1000, 1);
    assertThatThrownBy(() -> put(file, keyOf(file))).isInstanceOf(SkiffException.class)
        .hasMessageContaining("cannot create folder " + root.resolve("myorg/centos"));
  }

  @Test
  void aBaseUrlServesThePublicUrls() throws Exception {
    Storage served = open("file://" + root, Map.of("storage.file.base-url", "https://images.example.org/c"));
    BlobKey key = keyOf(image("a.sif", 10, 1));
    assertThat(served.publicUrl(key)).hasToString("https://images.example.org/c/" + key.path());
  }

  @Test
  void relativeUrisStartAtTheFolderOfTheirSetting() throws Exception {
    assertThat(LocalStorageFactory.folderOf(URI.create("file:images"), Path.of("/src/repo")))
        .isEqualTo(Path.of("/src/repo/images"));
    assertThat(LocalStorageFactory.folderOf(URI.create("file:///srv/images"), Path.of("/src")))
        .isEqualTo(Path.of("/srv/images"));
    assertThatThrownBy(() -> LocalStorageFactory.folderOf(URI.create("file://otherhost/x"), Path.of("/")))
        .hasMessageContaining("not on host 'otherhost'");
  }

  @Test
  void aDamagedBlobIsNotSilentlyAccepted() throws Exception {
    Path file = image("a.sif", 1000, 1);
    BlobKey key = keyOf(file);
    Files.createDirectories(root.resolve(key.path()).getParent());
    Files.write(root.resolve(key.path()), new byte[10]);
    assertThatThrownBy(() -> put(file, key)).hasMessageContaining("holds 10 bytes where the image has 1000; the object is damaged or not Skiff's");
  }

  @Test
  void listsAKilledRunsPartialFileAsUnfinishedAndAnythingElseAsOther() throws Exception {
    Path file = image("a.sif", 1000, 1);
    BlobKey key = keyOf(file);
    put(file, key);
    Path partial = Files.writeString(root.resolve("myorg/centos/." + key.digest().hex()
        + ".0b7e1ab2-5a8c-4d39-9f3c-2f1d7e9a6c41.part"), "half");
    Files.writeString(root.resolve("myorg/notes.txt"), "not a blob");
    Files.createSymbolicLink(root.resolve("myorg/centos/" + "e".repeat(64) + ".sif"), file);
    List<ListedObject> listed = new ArrayList<>();
    storage.list(listed::add);
    assertThat(listed).extracting(ListedObject::name, ListedObject::kind).containsExactlyInAnyOrder(
        tuple(key.path(), ListedObject.Kind.BLOB),
        tuple(root.relativize(partial).toString(), ListedObject.Kind.UNFINISHED),
        tuple("myorg/notes.txt", ListedObject.Kind.OTHER));
  }

  @Test
  void theFirstPutRemovesTheTemporaryFilesOfDeadWritersOnly() throws Exception {
    Path file = image("a.sif", 1000, 1);
    BlobKey key = keyOf(file);
    String hex = key.digest().hex();
    Files.createDirectories(root.resolve("myorg/centos"));
    // A killed writer's file: nobody holds its lock.
    Path abandoned = Files.writeString(root.resolve("myorg/centos/." + hex + ".0b7e1ab2-5a8c-4d39-9f3c-2f1d7e9a6c41.part"),
        "half");
    // A live writer's file: its lock is held, here by this process.
    Path live = Files.writeString(root.resolve("myorg/centos/." + hex + ".1c8f2bc3-6b9d-4e4a-8a4d-3a2e8f0b7d52.part"),
        "writing");
    Path notOurs = Files.writeString(root.resolve("myorg/centos/notes.part"), "a user's file");
    try (FileChannel writer = FileChannel.open(live, StandardOpenOption.WRITE);
        Storage opened = open("file://" + root, Map.of())) {
      writer.lock();
      List<ListedObject> listed = new ArrayList<>();
      opened.list(listed::add);
      assertThat(abandoned).as("listing changes nothing").exists();
      opened.put(new PutRequest(key, file, Files.size(file), Map.of(), ProgressListener.NONE));
      assertThat(abandoned).doesNotExist();
      assertThat(live).hasContent("writing");
    }
    assertThat(notOurs).hasContent("a user's file");
    assertThat(root.resolve(key.path())).exists();
  }

  @Test
  void refusesToDeleteOutsideItsFolder() throws Exception {
    Path outside = Files.writeString(files.resolve("precious"), "keep");
    ListedObject escape = ListedObject.of("../" + files.getFileName() + "/precious", outside.toUri().toString(), 4,
        java.time.Instant.EPOCH, ListedObject.Kind.OTHER);
    assertThatThrownBy(() -> storage.delete(escape)).isInstanceOf(SkiffException.class)
        .hasMessageContaining("is not inside it");
    assertThat(outside).hasContent("keep");
  }
}
