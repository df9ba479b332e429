/**
 * The client API: {@link dev.baton.core.client.DurableClient} starts, inspects, queries, terminates
 * and purges orchestration instances.
 */
package dev.baton.core.client;
