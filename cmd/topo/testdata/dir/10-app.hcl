topology "clean" {
  description = "clean: two nginx nodes hashing the client address in front of two socket.io nodes"
}

socketio {
  adapter = "redis"
}

