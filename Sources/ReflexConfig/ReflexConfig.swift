public enum ReflexConfigModule {}
