package org.cometserver.xmlcurl.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.cometserver.xmlcurl.XmlCurlConfig;
import org.cometserver.xmlcurl.directory.DirectoryResponder;
import org.cometserver.xmlcurl.spi.DirectoryRequests;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one FreeSWITCH connection, top to bottom: read timeout (removed once a request is complete), HTTP
 * codec with the request line bounded like the body (a GET carries everything in its query string), an aggregator
 * bounded at {@link XmlCurlConfig#maxRequestBytes()}, the handler.
 */
public final class XmlCurlChannelInitializer extends ChannelInitializer<Channel> {
    private static final int MAX_HEADER_BYTES = 8192;

    private final XmlCurlConfig config;
    private final AccessPolicy accessPolicy;
    private final DirectoryResponder responder;
    private final DirectoryRequests requests;

    public XmlCurlChannelInitializer(XmlCurlConfig config, DirectoryResponder responder) {
        this(config, responder, DirectoryRequests.NONE);
    }

    public XmlCurlChannelInitializer(XmlCurlConfig config, DirectoryResponder responder, DirectoryRequests requests) {
        this.config = config;
        this.accessPolicy = AccessPolicy.from(config);
        this.responder = responder;
        this.requests = requests;
    }

    @Override
    protected void initChannel(Channel channel) {
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestBytes())
                .setMaxHeaderSize(MAX_HEADER_BYTES);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(new ReadTimeoutHandler(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast(new HttpServerCodec(decoderConfig));
        pipeline.addLast(new ClosingHttpObjectAggregator(config.maxRequestBytes(), requests));
        pipeline.addLast(new XmlCurlHandler(config, accessPolicy, responder, requests));
    }
}
