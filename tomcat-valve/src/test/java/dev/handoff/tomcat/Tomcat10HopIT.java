package dev.handoff.tomcat;

/** The hop scenarios on Tomcat 10.1. */
class Tomcat10HopIT extends TomcatHopContract {

  @Override
  String tomcatVersion() {
    return "10.1";
  }
}
