export { Container, ContainerModule, inject, injectable } from 'inversify';
