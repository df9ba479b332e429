/**
 * The implementation of the HTTP API and the triggers; not for users to import. What runs on which
 * thread: route handlers ({@code InstanceRoutes}, {@code ControlRoutes}, {@code EntityRoutes}) run
 * on the HTTP server's event loop and only call the client's non-blocking futures; a stream trigger
 * ({@code StreamTriggerImpl}) keeps its state on one Vert.x context, and the stream's and the
 * client's callbacks hop onto it.
 */
package dev.baton.web.impl;
