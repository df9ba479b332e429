/** Baton: durable orchestrations, activities and entities on Vert.x. */
package dev.baton.core;
