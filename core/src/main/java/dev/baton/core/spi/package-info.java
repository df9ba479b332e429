/**
 * The storage SPI: what a backend implements so the engine can run on it. Each interface states its
 * contract as numbered MUST rules; {@code BackendConformanceTest} in baton-core's test-jar checks
 * them, and every backend runs it. Users choose a backend; they do not call this package.
 */
package dev.baton.core.spi;
