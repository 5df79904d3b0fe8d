package dev.renkei.server.mail;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends one mail over SMTP (Jakarta Mail), with the configured TLS mode and credentials. */
@Singleton
public class SmtpTransport {

    private final SmtpSettings settings;
    private final String from;

    public SmtpTransport(SmtpSettings settings, @Value("${renkei.mail.from}") String from) {
        this.settings = settings;
        this.from = from;
    }

    public void send(OutgoingMail mail) throws MessagingException {
        Session session = session();
        MimeMessage message = new MimeMessage(session);
        try {
            InternetAddress sender = InternetAddress.parse(from, false)[0];
            message.setFrom(new InternetAddress(sender.getAddress(), sender.getPersonal(), StandardCharsets.UTF_8.name()));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("Bad sender address", e);
        }
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.recipient(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        try (Transport transport = session.getTransport(protocolName())) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private String protocolName() {
        return settings.getSecurity() == SmtpSettings.Security.TLS ? "smtps" : "smtp";
    }

    private Session session() {
        String protocol = protocolName();
        String timeout = String.valueOf(settings.getTimeout().toMillis());
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.getHost());
        props.put("mail." + protocol + ".port", String.valueOf(settings.getPort()));
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        if (settings.getSecurity() == SmtpSettings.Security.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        boolean auth = settings.getUsername() != null && !settings.getUsername().isBlank();
        props.put("mail." + protocol + ".auth", String.valueOf(auth));
        if (!auth) {
            return Session.getInstance(props);
        }
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.getUsername(), settings.getPassword());
            }
        });
    }
}
