package org.example.skiff;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import dev.skiff.testing.Tools;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The guide's example builder against the builder contract Skiff's own builders pass. Its slow
 * build downloads From: a mirror on loopback that sends the headers and a first part of the body,
 * then nothing.
 */
class SquashfsBuilderMeetsTheContractIT extends BuilderContractTest {
  HttpServer stalledMirror;
  final CountDownLatch stop = new CountDownLatch(1);

  @BeforeEach
  void startTheMirror() throws Exception {
    stalledMirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stalledMirror.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    stalledMirror.createContext("/rootfs.sqfs", exchange -> {
      exchange.sendResponseHeaders(200, 1 << 20);
      exchange.getResponseBody().write(new byte[64 << 10]);
      exchange.getResponseBody().flush();
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalledMirror.start();
  }

  @AfterEach
  void stopTheMirror() {
    stop.countDown();
    stalledMirror.stop(0);
  }

  @Override
  protected BuilderFactory factory() {
    return new SquashfsBuilderFactory();
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    Files.createDirectories(work.resolve("tree/etc"));
    Files.writeString(work.resolve("tree/etc/motd"), "built elsewhere\n");
    Tools.ok(work, "mksquashfs", "tree", repo.resolve("rootfs.sqfs").toString(), "-noappend", "-quiet", "-no-progress",
        "-mkfs-time", "0", "-all-time", "0");
    harness.write("Singularity", "Bootstrap: squashfs\nFrom: rootfs.sqfs\n");
    return "Singularity";
  }

  @Override
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    String url = "http://127.0.0.1:" + stalledMirror.getAddress().getPort() + "/rootfs.sqfs";
    harness.write("Singularity.remote", "Bootstrap: squashfs\nFrom: " + url + "\n");
    // Running once bytes of the body arrived: the interrupt then meets the builder reading the body.
    return Optional.of(new SlowBuild("Singularity.remote", harness::awaitProgress));
  }
}
