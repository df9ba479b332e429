package dev.baton.storage.azure;

import dev.baton.storage.azure.testing.Azurite;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link Azurite} before the first test class that uses it and stops it when the whole test
 * run ends, passed or failed: the stop is registered in the root context's store, which JUnit
 * closes after the last test. One emulator per test JVM, installed into this module's directory
 * (its {@code package-lock.json}, {@code node_modules}) with its pid in {@code target}. Test
 * methods and constructors can take the {@link Azurite} as a parameter.
 *
 * <pre>{@code
 * @ExtendWith(AzuriteExtension.class)
 * class MyTest {
 *   @Test
 *   void works(Azurite azurite) { ... azurite.connectionString() ... }
 * }
 * }</pre>
 */
final class AzuriteExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AzuriteExtension.class);

  private static Azurite running;

  /** The emulator of this JVM, started on first use. */
  static synchronized Azurite azurite() {
    if (running == null || !running.isAlive()) {
      Path module =
          Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
      running = Azurite.start(module, module.resolve("target"));
      Azurite started = running;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite-stop"));
    }
    return running;
  }

  private static synchronized void stopRunning() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Azurite.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return start(context);
  }

  private static Azurite start(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Stopper.class, k -> new Stopper(azurite()), Stopper.class)
        .azurite;
  }

  /** Closed by JUnit at the end of the run; stops the emulator. */
  private record Stopper(Azurite azurite) implements AutoCloseable {
    @Override
    public void close() {
      stopRunning();
    }
  }
}
