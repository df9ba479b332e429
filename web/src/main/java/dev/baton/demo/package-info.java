/**
 * The demo: the reference scenario ({@link dev.baton.demo.ReferenceScenario}) served over HTTP with
 * Durable Functions' management API and an event-bus stream into counter entities ({@link
 * dev.baton.demo.DemoServer}); {@link dev.baton.demo.DemoMain} runs it.
 */
package dev.baton.demo;
