/**
 * The receive/send engine, the timeout arithmetic and the socket transport. Not API: this
 * package is not exported by the module and may change without notice.
 */
package io.loomsocket.internal;
