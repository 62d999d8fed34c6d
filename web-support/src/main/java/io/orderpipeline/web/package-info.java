/**
 * What every service shares on HTTP: error answers as RFC 9457 problems whoever gives them (Tomcat, Spring Boot's
 * error path), and the rule for client text every store downstream can hold.
 */
package io.orderpipeline.web;
