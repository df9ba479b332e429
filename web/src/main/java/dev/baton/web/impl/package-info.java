/** The implementation of the HTTP API and the triggers; not for users to import. */
package dev.baton.web.impl;
