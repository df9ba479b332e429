/**
 * The Azure Storage backend: {@link dev.baton.storage.azure.AzureBackend} keeps a task hub in Azure
 * Storage queues, tables and blobs, laid out as Durable Functions lays it out. Configure it with
 * {@link dev.baton.storage.azure.AzureStorageOptions}; the tests run it against Azurite.
 */
package dev.baton.storage.azure;
