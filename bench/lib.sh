# Helpers the benchmarks source: a free loopback port, and nginx serving a folder.

# Skiff as CI runs it: without the class-data sharing archives its launcher keeps in the user's
# cache elsewhere (bench/startup and bench/incremental measure both).
export SKIFF_CDS=off

# A TCP port on loopback that nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# nginx, one process, serving FOLDER on a free loopback port, with its own files under STATE;
# ACCESS_LOG is the file every request is logged in, or "off". Sets nginx_pid and nginx_port, and
# returns once nginx answers (or fails, with its error log, when it exits first).
serve_folder() {
  local folder=$1 state=$2 access_log=$3
  mkdir -p "$state/logs"
  nginx_port=$(free_port)
  cat > "$state/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $state/nginx.pid;
error_log $state/logs/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $access_log;
  client_body_temp_path $state/body;
  proxy_temp_path $state/proxy;
  fastcgi_temp_path $state/fastcgi;
  uwsgi_temp_path $state/uwsgi;
  scgi_temp_path $state/scgi;
  server { listen 127.0.0.1:$nginx_port; root $folder; index index.html; }
}
CONF
  nginx -p "$state" -e "$state/logs/error.log" -c "$state/nginx.conf" &
  nginx_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$nginx_port/"; do
    kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start: $(cat "$state/logs/error.log")" >&2; return 1; }
    sleep 0.05
  done
}
