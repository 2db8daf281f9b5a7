package dev.skiff.publisher;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH for {@code git@host:} and {@code ssh://} registries, through JGit's Apache MINA client: keys,
 * {@code known_hosts} and {@code config} from {@code ~/.ssh} of the run's HOME (as the CI job's
 * {@code ssh} would use them), so that an embedding application or a test can point a run at its
 * own. HTTPS transports are left alone.
 */
final class SshKeys implements TransportConfigCallback, AutoCloseable {
  private final Optional<File> home;
  private SshdSessionFactory sessions;

  SshKeys(Map<String, String> environment) {
    this.home = Optional.ofNullable(environment.get("HOME")).filter(h -> !h.isBlank()).map(File::new);
  }

  @Override
  public synchronized void configure(Transport transport) {
    if (transport instanceof SshTransport ssh && home.isPresent()) {
      if (sessions == null) {
        sessions = new SshdSessionFactoryBuilder().setHomeDirectory(home.get())
            .setSshDirectory(new File(home.get(), ".ssh")).build(new JGitKeyCache());
      }
      ssh.setSshSessionFactory(sessions);
    }
  }

  @Override
  public synchronized void close() {
    if (sessions != null) {
      sessions.close();
      sessions = null;
    }
  }
}
