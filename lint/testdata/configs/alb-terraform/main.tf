resource "aws_lb" "chat" {
  name               = "chat"
  load_balancer_type = "application"
  subnets            = var.subnet_ids
  idle_timeout       = 120
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.chat.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.socketio.arn
  }
}

resource "aws_lb_target_group" "socketio" {
  name        = "socketio"
  port        = 3000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  stickiness { # want "cookie-affinity-cookieless-client"
    enabled = true
    type    = "lb_cookie"
  }
}

resource "aws_lb_target_group_attachment" "socketio_1" {
  target_group_arn = aws_lb_target_group.socketio.arn
  target_id        = "10.0.2.21"
}

resource "aws_lb_target_group_attachment" "socketio_2" {
  target_group_arn = aws_lb_target_group.socketio.arn
  target_id        = "10.0.2.22"
}
