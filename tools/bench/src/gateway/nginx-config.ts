/**
 * nginx as a plain reverse proxy, the way it is run in production: one worker (the gateway is one
 * Node process, so one core each), upstream keep-alive, no logging to disk during the load.
 */
export function nginxConfig(options: { port: number; upstreamPort: number; prefix: string }): string {
  return `
worker_processes 1;
daemon off;
pid ${options.prefix}/nginx.pid;
error_log ${options.prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${options.prefix}/body;
  proxy_temp_path ${options.prefix}/proxy;
  fastcgi_temp_path ${options.prefix}/fastcgi;
  uwsgi_temp_path ${options.prefix}/uwsgi;
  scgi_temp_path ${options.prefix}/scgi;
  upstream app { server 127.0.0.1:${options.upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${options.port};
    keepalive_requests 100000;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}
