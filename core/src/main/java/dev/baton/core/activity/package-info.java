/**
 * The activity programming model: {@link dev.baton.core.activity.Activity} and its {@link
 * dev.baton.core.activity.ActivityContext}.
 */
package dev.baton.core.activity;
