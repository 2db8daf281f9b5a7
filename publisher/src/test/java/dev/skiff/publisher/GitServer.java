package dev.skiff.publisher;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.TransferConfig;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real git smart-HTTP server on loopback: JGit's GitServlet in Jetty, behind basic auth with one
 * token, serving the repositories the test registers. Pushes to refs a test protects are refused
 * as branch protection would refuse them.
 */
public final class GitServer implements AutoCloseable {
  public static final String TOKEN = "test-token";
  /** A token that may fetch but not push, as GitHub answers a token with read access only. */
  static final String READ_TOKEN = "read-only-token";

  private final Server server;
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  final List<String> protectedPrefixes = new CopyOnWriteArrayList<>();
  final List<String> pushes = new CopyOnWriteArrayList<>();
  /** Runs once, when the next push arrives and before the server reads it: another run racing. */
  final AtomicReference<Runnable> beforeNextPush = new AtomicReference<>();
  /** Whether fetches may filter objects out and ask for objects by id; off, as on simpler git servers. */
  volatile boolean partialFetches = true;

  public GitServer() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    GitServlet git = new GitServlet();
    git.setRepositoryResolver((request, name) -> {
      Repository repository = repositories.get(name.replaceAll("\\.git$", ""));
      if (repository == null) {
        throw new RepositoryNotFoundException(name);
      }
      repository.incrementOpen();
      return repository;
    });
    git.setReceivePackFactory((request, repository) -> {
      ReceivePack receive = new ReceivePack(repository);
      receive.setPreReceiveHook((pack, commands) -> {
        for (ReceiveCommand command : commands) {
          pushes.add(command.getRefName());
          if (protectedPrefixes.stream().anyMatch(command.getRefName()::startsWith)) {
            command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected branch hook declined");
          }
        }
      });
      return receive;
    });
    git.setUploadPackFactory((request, repository) -> {
      UploadPack upload = new UploadPack(repository);
      // As GitHub serves partial clones: filters, and objects by id (GitHub serves any object of a
      // repository's fork network by its id, so it makes no reachability walk per request either).
      Config config = new Config();
      config.setBoolean("uploadpack", null, "allowfilter", partialFetches);
      config.setBoolean("uploadpack", null, "allowanysha1inwant", partialFetches);
      upload.setTransferConfig(new TransferConfig(config));
      return upload;
    });
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new BasicAuth()), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new PushRace()), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(git), "/*");
    server.setHandler(context);
    server.start();
  }

  /** Serves, under {@code name}, a bare copy (at {@code bare}) of the repository in {@code folder}. */
  public Repository host(String name, java.nio.file.Path folder, java.nio.file.Path bare) throws Exception {
    org.eclipse.jgit.api.Git.cloneRepository().setURI(folder.toUri().toString()).setDirectory(bare.toFile())
        .setBare(true).call().close();
    Repository hosted = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile()).build();
    serve(name, hosted);
    return hosted;
  }

  public void serve(String name, Repository repository) {
    repositories.put(name, repository);
  }

  public URI url(String name) {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/" + name
        + ".git");
  }

  /** Any user name, the test's token as password; as GitHub takes tokens over HTTPS. */
  private static final class BasicAuth implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      String header = http.getHeader("Authorization");
      String password = header != null && header.startsWith("Basic ") ? new String(
          Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).replaceFirst("^[^:]*:", "") : null;
      boolean push = http.getRequestURI().endsWith("/git-receive-pack")
          || "git-receive-pack".equals(http.getParameter("service"));
      if (READ_TOKEN.equals(password) && push) {
        ((HttpServletResponse) response).sendError(403, "Permission to the repository denied");
        return;
      }
      if (!TOKEN.equals(password) && !READ_TOKEN.equals(password)) {
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        answer.sendError(401);
        return;
      }
      chain.doFilter(request, response);
    }
  }

  /** Lets {@link #beforeNextPush} in between the push's ref advertisement and its commands. */
  private final class PushRace implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (((HttpServletRequest) request).getRequestURI().endsWith("/git-receive-pack")) {
        Runnable race = beforeNextPush.getAndSet(null);
        if (race != null) {
          race.run();
        }
      }
      chain.doFilter(request, response);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
