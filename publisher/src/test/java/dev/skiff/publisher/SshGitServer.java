package dev.skiff.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real git server over SSH on loopback: Apache MINA SSHD (the library under JGit's SSH client)
 * running JGit's upload-pack and receive-pack for {@code git-upload-pack '/NAME.git'} and
 * {@code git-receive-pack '/NAME.git'}, accepting one client key. {@link #writeClientHome} writes
 * a HOME whose {@code .ssh} holds that key and the server's host key, as a CI job would set up.
 */
final class SshGitServer implements AutoCloseable {
  private final SshServer server;
  private final KeyPair hostKey = newKey();
  private final KeyPair clientKey = newKey();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

  SshGitServer() throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
    server.setCommandFactory((channel, command) -> new GitCommand(command));
    server.start();
  }

  void serve(String name, Repository repository) {
    repositories.put(name, repository);
  }

  String url(String name) {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name + ".git";
  }

  /** A home folder with {@code .ssh/id_ecdsa} (the accepted key) and {@code .ssh/known_hosts}. */
  Path writeClientHome(Path home) throws Exception {
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    try (OutputStream out = Files.newOutputStream(ssh.resolve("id_ecdsa"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "skiff-test", null, out);
    }
    Files.writeString(ssh.resolve("known_hosts"), "[127.0.0.1]:" + server.getPort() + " "
        + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
    return home;
  }

  private static KeyPair newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** One git command of one SSH channel, run on its own thread. */
  private final class GitCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(String command) {
      this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
      Thread thread = new Thread(this::run, "ssh-git");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      String[] words = command.split(" ", 2);
      String name = words.length < 2 ? "" : words[1].replace("'", "").replaceFirst("^/", "").replaceFirst("\\.git$", "");
      Repository repository = repositories.get(name);
      try {
        if (repository == null) {
          err.write(("fatal: no repository " + name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          err.flush();
          exit.onExit(128, "no repository");
          return;
        }
        switch (words[0]) {
          case "git-upload-pack" -> {
            UploadPack upload = new UploadPack(repository);
            org.eclipse.jgit.lib.Config config = new org.eclipse.jgit.lib.Config();
            config.setBoolean("uploadpack", null, "allowfilter", true);
            config.setBoolean("uploadpack", null, "allowanysha1inwant", true);
            upload.setTransferConfig(new org.eclipse.jgit.transport.TransferConfig(config));
            upload.upload(in, out, err);
          }
          case "git-receive-pack" -> new ReceivePack(repository).receive(in, out, err);
          default -> {
            exit.onExit(127, "unknown command " + words[0]);
            return;
          }
        }
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        exit.onExit(1, String.valueOf(e.getMessage()));
      }
    }

    @Override
    public void destroy(ChannelSession channel) {
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }
  }
}
