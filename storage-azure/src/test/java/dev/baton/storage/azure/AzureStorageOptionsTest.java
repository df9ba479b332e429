package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AzureStorageOptionsTest {

  @Test
  void defaultsPointAtTheDevelopmentStorage() {
    var options = new AzureStorageOptions();
    assertEquals("UseDevelopmentStorage=true", options.getConnectionString());
    assertEquals(AzureStorageOptions.DEFAULT_CREATE_IF_NOT_EXISTS, options.isCreateIfNotExists());
    assertEquals(AzureStorageOptions.DEFAULT_MAX_CONNECTIONS, options.getMaxConnections());
    assertEquals(options.toJson(), new AzureStorageOptions(new JsonObject()).toJson());
  }

  @Test
  void jsonRoundTripsEverySetting() {
    var options =
        new AzureStorageOptions()
            .setConnectionString("AccountName=a;AccountKey=secret")
            .setCreateIfNotExists(false)
            .setMaxConnections(7);
    var copy = new AzureStorageOptions(options.toJson());
    assertEquals(options.toJson(), copy.toJson());
    assertEquals(7, copy.getMaxConnections());
    assertFalse(copy.isCreateIfNotExists());
  }

  @Test
  void toStringNeverShowsTheConnectionString() {
    var options = new AzureStorageOptions().setConnectionString("AccountName=a;AccountKey=secret");
    assertFalse(options.toString().contains("secret"), options.toString());
  }

  @Test
  void maxConnectionsMustBePositive() {
    assertThrows(
        IllegalArgumentException.class, () -> new AzureStorageOptions().setMaxConnections(0));
  }
}
