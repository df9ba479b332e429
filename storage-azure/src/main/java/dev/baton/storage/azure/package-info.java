/**
 * The Azure Storage backend: {@link dev.baton.storage.azure.AzureBackend} keeps a task hub in Azure
 * Storage queues, tables and blobs, laid out as Durable Functions lays it out. Configure it with
 * {@link dev.baton.storage.azure.AzureStorageOptions}: a connection string, or the account's
 * endpoint and a Microsoft Entra ID {@code TokenCredential} (managed identity, workload identity,
 * {@code DefaultAzureCredential}); the tests run it against Azurite.
 */
package dev.baton.storage.azure;
