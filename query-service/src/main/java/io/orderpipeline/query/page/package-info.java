/** What the live page (served from static/) needs from the server besides the queries: its settings. */
package io.orderpipeline.query.page;
