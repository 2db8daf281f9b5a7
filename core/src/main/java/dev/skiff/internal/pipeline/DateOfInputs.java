package dev.skiff.internal.pipeline;

import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.incremental.BuildInputs;
import dev.skiff.internal.incremental.InputHistory;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.SkiffException;
import dev.skiff.support.IoMessages;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The date an image gets (inside it, so its bytes depend on it): SOURCE_DATE_EPOCH when set, else
 * the time of the last commit that changed the build's inputs, else the run's source date.
 */
final class DateOfInputs implements AutoCloseable {
  private final RunConfig config;
  private final Optional<InputHistory> history;

  private DateOfInputs(RunConfig config, Optional<InputHistory> history) {
    this.config = config;
    this.history = history;
  }

  static DateOfInputs open(RunConfig config) throws SkiffException {
    if (config.sourceDateFixed()) {
      return new DateOfInputs(config, Optional.empty());
    }
    try {
      return new DateOfInputs(config, InputHistory.open(config.source()));
    } catch (IOException e) {
      throw new BuildException(config.source() + ": cannot read its git history: " + IoMessages.describe(e), e);
    }
  }

  Instant of(BuildInputs inputs) throws IOException {
    if (history.isEmpty()) {
      return config.sourceDate();
    }
    return history.get().lastChange(inputs.paths()).orElse(config.sourceDate());
  }

  @Override
  public void close() {
    history.ifPresent(InputHistory::close);
  }
}
