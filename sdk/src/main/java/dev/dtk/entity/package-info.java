/**
 * Durable entities: small pieces of state with operations, identified by an {@link dev.dtk.entity.EntityId}
 * (name and key), as in Azure Durable Functions. Operations on one entity run one at a time, in the
 * order they arrive; a failed operation leaves the state as it was. Write an entity as a function
 * ({@link dev.dtk.entity.EntityFunction}, switching on the operation's name) or as a class
 * ({@link dev.dtk.entity.AbstractEntity}, one public method per operation). Clients signal entities and
 * read their state; orchestrations signal them, call them and lock them for critical sections.
 */
package dev.dtk.entity;
