package dev.skiff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.Skiff;
import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the guide promises about listeners: the threads they are called from, and a throwing one reported. */
class ListenersTest {
  @TempDir
  Path work;

  @Test
  void aThrowingListenerIsToldToTheOthersOnceAndTheRunGoesOn() throws Exception {
    Path source = Files.createDirectories(work.resolve("tools"));
    for (String tag : List.of("a", "b", "c", "d")) {
      Files.writeString(source.resolve("Singularity." + tag), "Bootstrap: scratch\n%labels\n  Tag " + tag + "\n");
    }
    EventListener broken = new BrokenListener();
    List<SkiffEvent> seen = new CopyOnWriteArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    EventListener recording = event -> {
      seen.add(event);
      threads.add(Thread.currentThread().getName());
    };

    var report = Skiff.source(source).codeSettingsOnly().environment(Map.of("PATH", System.getenv("PATH")))
        .namespace("lab/tools").builder("scratch").jobs(2).storage(work.resolve("store").toUri().toString())
        .listener(broken).listener(recording).plan().run();

    assertThat(report.succeeded()).isTrue();
    assertThat(seen).filteredOn(SkiffEvent.Notice.class::isInstance).map(SkiffEvent.Notice.class::cast)
        .filteredOn(notice -> notice.message().startsWith("an event listener"))
        .singleElement().extracting(SkiffEvent.Notice::message).asString()
        .isEqualTo("an event listener (" + BrokenListener.class.getName() + ") threw java.lang.IllegalStateException:"
            + " the dashboard is down; its later failures are not reported");
    assertThat(seen).filteredOn(SkiffEvent.Finished.class::isInstance).hasSizeGreaterThanOrEqualTo(4);
    assertThat(threads).allSatisfy(name -> assertThat(name)
        .satisfiesAnyOf(n -> assertThat(n).isEqualTo(Thread.currentThread().getName()),
            n -> assertThat(n).startsWith("skiff-build")));
  }

  /** An embedder's listener whose backend is gone. */
  static final class BrokenListener implements EventListener {
    @Override
    public void on(SkiffEvent event) {
      throw new IllegalStateException("the dashboard is down");
    }
  }
}
