package dev.handoff.tomcat;

/** The hop scenarios on Tomcat 11. */
class Tomcat11HopIT extends TomcatHopContract {

  @Override
  String tomcatVersion() {
    return "11";
  }
}
