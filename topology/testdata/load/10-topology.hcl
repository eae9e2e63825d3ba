# The topology, the application and the clients. The tiers are in
# 20-tiers.hcl: references resolve across the files of a directory.
topology "split" {
  description = "declared over two files"
}

socketio {
  adapter = "redis"
}

client "browser" {
  entry = tier.edge
}
