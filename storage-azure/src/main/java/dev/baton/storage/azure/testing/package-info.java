/**
 * Running against a local Azure Storage emulator: {@link dev.baton.storage.azure.testing.Azurite}
 * installs and starts Azurite in memory on free ports, for tests, benchmarks and trying the Azure
 * backend without an Azure account.
 */
package dev.baton.storage.azure.testing;
