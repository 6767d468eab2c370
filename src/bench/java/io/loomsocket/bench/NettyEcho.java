package io.loomsocket.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;

/**
 * The Netty 4.2 line echo server of {@link EchoServer}: native epoll transport, one event loop
 * thread for the listening and every accepted channel (the server runs on one CPU), frames cut
 * by {@link LineBasedFrameDecoder} with the LF kept, each written back as it is and flushed when
 * a read burst ends. With a timeout, an {@link IdleStateHandler} closes a channel that has read
 * nothing for 30 s, the closest to a per-receive timeout Netty offers. Netty's default
 * TCP_NODELAY (on) is left as it is; with one line in flight per connection it changes nothing.
 */
final class NettyEcho {
    private NettyEcho() {}

    private static final int MAX_LINE = 1024;
    private static final int IDLE_SECONDS = 30;

    static int start(boolean timeout, int backlog) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        EchoServer.ACCEPTED.incrementAndGet();
                        EchoServer.LIVE.incrementAndGet();
                        ch.closeFuture().addListener(f -> EchoServer.LIVE.decrementAndGet());
                        ChannelPipeline p = ch.pipeline();
                        if (timeout) {
                            p.addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0));
                        }
                        p.addLast(new LineBasedFrameDecoder(MAX_LINE, false, false));
                        p.addLast(new Echo());
                    }
                });
        Channel listening = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** Writes every frame back; flushes once per read burst. One per channel. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!String.valueOf(cause.getMessage()).contains("Connection reset")) {
                EchoServer.failed(cause);
            }
            ctx.close();
        }
    }
}
